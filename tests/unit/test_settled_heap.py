"""The server leaves its start-up heap out of the garbage collector's full passes."""

import gc


def test_the_server_freezes_what_start_up_made_before_it_serves(monkeypatch):
    """A full collection walks every tracked object: what start-up made (modules, the app, the
    mappers) is frozen first, so those passes, which stall every socket, only walk what serving
    made since."""
    import server.serve

    frozen_when_serving = []

    class Serving:
        async_mode = "threading"

        def run(self, *args, **kwargs):
            frozen_when_serving.append(gc.get_freeze_count())

    monkeypatch.setattr(server.serve, "_warm_up", lambda: None)
    monkeypatch.setattr(server.serve, "mask_werkzeug_log", lambda: None)
    gc.unfreeze()
    try:
        server.serve.run(object(), "127.0.0.1", 0, socketio=Serving())
    finally:
        gc.unfreeze()  # the test process's heap is not a server's
    assert frozen_when_serving and frozen_when_serving[0] > 0
