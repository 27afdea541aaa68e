"""Extensions created unbound; create_app binds them."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# Objects stay readable after a service commits: the route then renders them without a
# second round trip (each request gets a fresh session, so nothing is stale across requests).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
socketio = SocketIO()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
