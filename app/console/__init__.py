"""The web console: server-rendered pages for call-handlers, brobyggere, admins, auditors."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.console import errors
from app.console.render import HERE
from app.console.routes import admin, admin_people, auditor, brobygger, handler
from app.console.routes import auth as auth_routes


def install(app: FastAPI) -> None:
    """Add the console's routes, static files and error pages to the app."""
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    for module in (auth_routes, handler, brobygger, admin, admin_people, auditor):
        app.include_router(module.router)
    errors.install(app)
