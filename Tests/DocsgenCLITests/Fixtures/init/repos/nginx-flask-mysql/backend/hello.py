from flask import Flask

app = Flask(__name__)


@app.route("/")
def list_blogs():
    return "Hello from the backend"
