# Varnish in front of Newsroom's app servers (Varnish 7 with varnish-modules for xkey).
#
#   varnishd -a :80 -f /etc/varnish/newsroom.vcl -s malloc,1G
#
# It caches reader pages as the site's own page cache does: one copy per browser class,
# for the lifetime the page gives (s-maxage), then stale-while-revalidate; pages are
# purged by their content keys (Surrogate-Key) when an editor saves (the app servers send
# PURGE with an xkey-purge header, see articles/delivery/varnish.py); signed-in staff,
# previews and the admin go straight to the app servers. While the app servers or the
# database fail, the last good copy is served for as long as the page's stale-if-error.

vcl 4.1;

import directors;
import std;
import xkey;

# The app servers: one backend block each, added to the director in vcl_init.
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .between_bytes_timeout = 5s;
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 5;
        .threshold = 3;
    }
}

# Who may purge: the app servers' addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
}

sub vcl_recv {
    set req.backend_hint = app_servers.backend();
    if (req.restarts == 0) {
        unset req.http.X-Newsroom-Stale;
        unset req.http.X-Browser-Class;
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Purge by key only: send the keys in xkey-purge"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged + " objects"));
    }

    # Health checks always reach an app server.
    if (req.url ~ "^/(healthz|readyz)(\?|$)") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in staff and previews: the session cookie, or credentials, bypass the cache.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=" || req.url ~ "^/admin/") {
        return (pass);
    }
    # Reader pages never depend on other cookies.
    unset req.http.Cookie;

    # The browser class, decided as articles/reader/browsers.py decides it: Internet
    # Explorer's tokens at the start or after a separator, crawlers excepted.
    if (req.http.User-Agent ~ "(?i)(googlebot|bingbot|bingpreview)") {
        set req.http.X-Browser-Class = "supported";
    } else if (req.http.User-Agent ~ "(^|[^\w.-])(Trident/|MSIE |IEMobile\b)") {
        set req.http.X-Browser-Class = "unsupported";
    } else {
        set req.http.X-Browser-Class = "supported";
    }

    # Stale copies: for stale-while-revalidate (30 s at most) while the app servers answer;
    # for the page's whole stale-if-error when they fail (see vcl_deliver) or are sick.
    if (!req.http.X-Newsroom-Stale && std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_hash {
    # As the site's own page cache: scheme (from the TLS proxy in front), class, then the
    # URL and the host, which the built-in vcl_hash adds.
    hash_data(req.http.X-Forwarded-Proto);
    hash_data(req.http.X-Browser-Class);
}

sub vcl_backend_response {
    # Passed requests (staff, previews, the admin) get the app servers' answer as it is.
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A failed fetch never replaces a good copy, which stays for stale-if-error: the first
    # try is abandoned, and vcl_synth looks again for a stale copy (X-Newsroom-Stale).
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch || !bereq.http.X-Newsroom-Stale) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Only what the site says a shared cache may keep: public, with a lifetime, and with
    # content keys so that a purge reaches it (as the site's own page cache); static files
    # have hashed names and never change.
    if (beresp.http.Cache-Control !~ "(?i)(^|,)\s*public\s*(,|$)" ||
        beresp.http.Cache-Control ~ "(?i)private|no-cache|no-store" || beresp.http.Set-Cookie ||
        (!beresp.http.Surrogate-Key && bereq.url !~ "^/static/")) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Pages vary by browser class (in the hash above), never by the raw User-Agent or the
    # cookie: keep one copy per class, and pass the site's Vary on to browsers.
    if (beresp.http.Vary) {
        set beresp.http.X-Newsroom-Vary = beresp.http.Vary;
        unset beresp.http.Vary;
    }
    # Varnish took the TTL from s-maxage and the grace from stale-while-revalidate; the
    # grace becomes stale-if-error, and vcl_recv limits it while the site answers.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
    }
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    return (deliver);
}

sub vcl_backend_error {
    # No answer at all (refused, timed out): as for a 5xx above.
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Newsroom-Stale)) {
        return (abandon);
    }
}

sub vcl_deliver {
    # An error where a stale copy may exist: look again, with the page's whole grace.
    if (resp.status >= 500 && req.restarts == 0 && req.http.X-Browser-Class) {
        set req.http.X-Newsroom-Stale = "1";
        return (restart);
    }
    if (resp.http.X-Newsroom-Vary) {
        set resp.http.Vary = resp.http.X-Newsroom-Vary;
        unset resp.http.X-Newsroom-Vary;
    }
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    if (resp.status >= 500 && req.restarts == 0 && req.http.X-Browser-Class) {
        set req.http.X-Newsroom-Stale = "1";
        return (restart);
    }
}
