"""Socket.IO: thin namespaces, and broadcasts that turn domain events into messages."""
