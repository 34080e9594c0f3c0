"""
gunicorn's settings for production; gunicorn reads this file from the working directory:

    gunicorn newsroom.wsgi

Every value can be changed from the environment without editing the file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers suit CPU-bound page rendering; the usual rule is two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Load Django once in the master and fork: workers start fast and share memory.
# Django opens no database connection at import time, so none is shared across forks.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak cannot grow without bound; the jitter keeps
# them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Behind nginx or a load balancer on the same host, trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The scheme comes from X-Forwarded-Proto alone, the header the TLS proxy sets and Varnish
# keys pages on. gunicorn's default also believes X-Forwarded-Ssl and X-Forwarded-Protocol,
# which a proxy that sets only X-Forwarded-Proto passes on from the reader: a plain-HTTP
# request could then get a page instead of the HTTPS redirect, and Varnish keep that page
# under the plain-HTTP key for every reader after it.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "newsroom"
# gunicorn's control socket has one default path per user, which several app servers on one
# host would fight over; turn it on with GUNICORN_CONTROL_SOCKET=/path/to/socket.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
