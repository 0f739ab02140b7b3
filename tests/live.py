"""A live server for the tests that drive the site from outside (browser, schemathesis).

pytest-django's `live_server` makes every test that uses it transactional: the database is
flushed after each test, so the demo would have to be loaded again for every one. This
server instead reads the demo committed once per session (`demo_db` in conftest.py).
"""

import socket
import threading
from contextlib import contextmanager

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread


class NoDelayWSGIServer(ThreadedWSGIServer):
    """Django's test server without Nagle's algorithm on its sockets.

    It writes a response's headers and body separately; on a kept-alive connection the
    body then waits for the client's delayed ACK, 40 ms a request, which made the
    schemathesis run five times slower than the server's real speed.
    """

    def get_request(self):
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

    def process_request(self, request, client_address):
        """Serve each request in a thread of its own, as ThreadingMixIn does, but keep the
        threads so that `finish` can wait for them."""
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        self.request_threads = [t for t in getattr(self, "request_threads", []) if t.is_alive()]
        self.request_threads.append(thread)
        thread.start()

    def finish(self, timeout=30):
        """Wait for the requests still being served: each closes its database connection
        when done, which the test database needs before it can be dropped."""
        for thread in getattr(self, "request_threads", []):
            thread.join(timeout)


class NoDelayLiveServerThread(LiveServerThread):
    server_class = NoDelayWSGIServer


def _shared_connections():
    """The connections the server's threads share with this one: an in-memory SQLite database
    exists only in this process's connection. PostgreSQL serves each thread a connection of
    its own, which sees what is committed."""
    return {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }


def as_the_server(function, *args, **kwargs):
    """Call `function` as the live server's threads serve a request: in a thread of its own,
    on the connections they use. What it writes, the server sees (on PostgreSQL it is
    committed at once and stays until the session ends: mark such tests `commits`)."""
    shared = _shared_connections()
    outcome = {}

    def run():
        for alias, conn in shared.items():
            connections[alias] = conn
        try:
            outcome["result"] = function(*args, **kwargs)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error
        finally:
            if not shared:
                connections.close_all()

    for conn in shared.values():
        conn.inc_thread_sharing()
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        for conn in shared.values():
            conn.dec_thread_sharing()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@contextmanager
def serve():
    """Serve the site and its static files (found as `runserver` finds them, no collectstatic
    needed) on 127.0.0.1; yields the base URL. The server's threads share this thread's
    in-memory SQLite connection (as Django's LiveServerTestCase does); on PostgreSQL they have
    their own, which see what is committed."""
    shared = _shared_connections()
    thread = NoDelayLiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    try:
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        if hasattr(thread, "httpd"):
            thread.httpd.finish()
        for conn in shared.values():
            conn.dec_thread_sharing()
