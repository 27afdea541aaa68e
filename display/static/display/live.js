// The screen's live link: Socket.IO with fast reconnection, a heartbeat, and resync.
import { io } from "/static/vendor/socket.io.esm.min.js";

const HEARTBEAT_MS = 10_000;
const ACK_TIMEOUT_MS = 4_000;
const RESYNC_EVERY = 6; // heartbeats: a full snapshot each minute, in case a delta was lost

// A restarted server is found again within a few seconds: retries back off to 3 s at most.
export function connectLive({ namespace, site, onSnapshot, onCall, onStatus, onReconnect }) {
  const socket = io(namespace, {
    query: { site },
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    randomizationFactor: 0.2,
    timeout: 5000,
  });
  let connectedOnce = false;
  let beats = 0;

  socket.on("connect", () => {
    onStatus(true);
    if (connectedOnce && onReconnect) onReconnect();
    connectedOnce = true;
  });
  socket.on("disconnect", () => onStatus(false));
  socket.on("connect_error", () => onStatus(false));
  socket.on("queue_snapshot", onSnapshot); // sent by the server on every (re)connection
  socket.on("queue_changed", onSnapshot);
  if (onCall) socket.on("ticket_called", onCall);

  // A link can die without a close (a switch restarts, a cable is pulled): ask, and if the
  // server does not answer in time, say so and start over.
  setInterval(() => {
    if (!socket.connected) return; // reconnection is already under way
    socket.timeout(ACK_TIMEOUT_MS).emit("heartbeat", {}, (error) => {
      if (error) {
        onStatus(false);
        socket.disconnect().connect();
      } else if (++beats % RESYNC_EVERY === 0) {
        socket.emit("resync");
      }
    });
  }, HEARTBEAT_MS);
  return socket;
}
