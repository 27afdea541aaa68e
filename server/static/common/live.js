// The live link every screen shares: Socket.IO with snapshot-then-deltas, reconnection and an
// honest connection banner.
//
//   const live = connectLive({ namespace: "/display", query: { site }, banner,
//     onSnapshot: (snapshot) => …,            // the full state, first thing after each (re)connection
//     on: { ticket_called: (call) => … },     // deltas, only ever after a snapshot
//     onStatus: (state) => …,                 // "connecting" | "live" | "lost"
//     onRefused: (reason) => … });            // the server said no (expired session, unknown ticket)
//
// One liveness mechanism: Engine.IO's own ping (the server sets its interval). A link that dies
// without a close is noticed by the client when a ping is late, and it reconnects by itself;
// the server then sends a fresh snapshot, so a lost delta is never lost for long.
// The library is loaded here, not imported by the page: a page whose socket.io-client failed to
// load still shows its static content and says "connexion…" while it retries.

const CLIENT_URL = "/static/vendor/socket.io.esm.min.js";
const LOAD_RETRY_MS = 5000;
const GRACE_MS = 1500; // a normal start connects within this: no banner flashes on every load
const REFUSALS = new Set(["unauthorized", "unknown ticket"]);

export const BANNER_TEXTS = {
  connecting: "Connexion au serveur…",
  lost: "Connexion perdue : reconnexion…",
};

let clientPromise = null;
let attempt = 0;

function loadClient() {
  if (!clientPromise) {
    const url = attempt ? `${CLIENT_URL}?retry=${attempt}` : CLIENT_URL;
    attempt += 1;
    clientPromise = import(url).catch((error) => {
      clientPromise = null;
      throw error;
    });
  }
  return clientPromise;
}

export function connectLive({
  namespace, query = undefined, auth = undefined, banner = null, texts = BANNER_TEXTS,
  onSnapshot = () => {}, snapshotEvent = "queue_snapshot", on = {}, onStatus = () => {},
  onRefused = () => {}, autoConnect = true,
}) {
  let state = "connecting";
  let socket = null;
  let wanted = autoConnect;
  let words = texts;

  const paint = () => {
    document.body.dataset.connection = state;
    document.body.dataset.connected = String(state === "live");
    if (!banner) return;
    banner.hidden = state === "live";
    banner.dataset.state = state;
    banner.textContent = state === "lost" ? words.lost : words.connecting;
  };
  const setState = (next) => {
    if (next === state && document.body.dataset.connection) return;
    state = next;
    paint();
    onStatus(state);
  };
  document.body.dataset.connection = state;
  document.body.dataset.connected = "false";
  if (banner) banner.hidden = true;
  setTimeout(() => { if (state === "connecting") paint(); }, GRACE_MS);

  const wire = ({ io }) => {
    socket = io(namespace, {
      query, auth, autoConnect: wanted,
      reconnectionDelay: 500, reconnectionDelayMax: 3000, randomizationFactor: 0.2, timeout: 5000,
    });
    socket.on("connect", () => setState("live"));
    socket.on("disconnect", (reason) => {
      if (!wanted) return;
      setState("lost");
      // The server closed the link (an agent's session ended, a restart): ask again, and a
      // refusal comes back through onRefused.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (error) => {
      if (REFUSALS.has(error.message)) onRefused(error.message);
      else if (wanted) setState(state === "live" ? "lost" : state);
    });
    socket.on(snapshotEvent, onSnapshot);
    for (const [event, handler] of Object.entries(on)) socket.on(event, handler);
  };

  const start = () => loadClient().then(wire).catch(() => {
    paint(); // "connexion…" right away: the page stays usable with what it already shows
    setTimeout(start, LOAD_RETRY_MS);
  });
  start();

  return {
    get state() { return state; },
    get socket() { return socket; },
    open() {
      wanted = true;
      if (socket && !socket.connected) socket.connect();
    },
    close() {
      wanted = false;
      if (socket) socket.disconnect();
      state = "connecting";
      document.body.dataset.connection = state;
      if (banner) banner.hidden = true;
    },
    setTexts(next) {
      words = next;
      if (banner && !banner.hidden) paint();
    },
    emit(event, ...args) {
      if (socket) socket.emit(event, ...args);
    },
  };
}
