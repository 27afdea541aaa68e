// The /agent socket: a full snapshot on (re)connection, then every colleague's change as it
// happens. Events only reach the handlers; what they mean for the screen is main.js's business.

import { io } from "/static/vendor/socket.io.esm.min.js";

const EVENTS = {
  queue_snapshot: "queue", queue_changed: "queue", agents_changed: "agents",
  ticket_changed: "ticketChanged", peak_changed: "peak", printer_state_changed: "printerState",
};

export function connectLive(handlers) {
  const socket = io("/agent");
  socket.on("connect", () => handlers.link(true));
  socket.on("disconnect", () => handlers.link(false));
  socket.on("connect_error", (error) => {
    // The server refuses an expired session; any other error is retried by the client.
    if (error.message === "unauthorized") handlers.unauthorized();
  });
  for (const [event, handler] of Object.entries(EVENTS)) socket.on(event, handlers[handler]);
  return socket;
}
