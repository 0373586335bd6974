#!/usr/bin/python3
"""smtpd: a real SMTP server on 127.0.0.1 for tests/mail.bats (aiosmtpd).

    smtpd.py DIR [--tls CERT KEY] [--auth USER:PASSWORD]

Writes DIR/port once it listens; each message accepted as DIR/N.eml with
DIR/N.rcpt (the envelope's recipients) and DIR/N.auth (the login used).
Behaviour from files in DIR, read at each message:
  tempfail    a count: answer DATA with 451 that many times
  reject      addresses (one a line) refused at RCPT with 550
  hold        a number N: once the Nth message is stored, before its 250,
              write DIR/holding and wait until DIR/go exists
  drop        a number N: once the Nth message is stored, close the
              connection without an answer
With --tls, STARTTLS is offered and required before MAIL; with --auth,
AUTH (after STARTTLS) is required and checked.
"""
import asyncio, os, ssl, sys, time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

d = sys.argv[1]
args = sys.argv[2:]
tls = auth = None
while args:
    if args[0] == "--tls":
        tls = (args[1], args[2]); args = args[3:]
    elif args[0] == "--auth":
        auth = args[1]; args = args[2:]
    else:
        sys.exit("smtpd: unknown argument " + args[0])


def path(name):
    return os.path.join(d, name)


class Handler:
    n = 0       # messages stored

    async def handle_RCPT(self, server, session, envelope, address, options):
        try:
            refused = open(path("reject")).read().split()
        except FileNotFoundError:
            refused = []
        if address in refused:
            return "550 5.1.1 <%s>: no such mailbox" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            left = int(open(path("tempfail")).read() or 0)
        except FileNotFoundError:
            left = 0
        if left > 0:
            open(path("tempfail"), "w").write(str(left - 1))
            return "451 4.3.0 try again later"
        Handler.n += 1
        n = Handler.n
        open(path("%d.rcpt" % n), "w").write("\n".join(envelope.rcpt_tos) + "\n")
        login = session.auth_data.login.decode() if session.auth_data else ""
        open(path("%d.auth" % n), "w").write(login + "\n")
        open(path("%d.eml.part" % n), "wb").write(envelope.original_content)
        os.rename(path("%d.eml.part" % n), path("%d.eml" % n))
        try:
            hold = int(open(path("hold")).read() or 0)
        except FileNotFoundError:
            hold = 0
        try:
            drop = int(open(path("drop")).read() or 0)
        except FileNotFoundError:
            drop = 0
        if drop == n:
            server.transport.close()
            return "250 2.0.0 never heard"
        if hold == n:
            # the message is the server's, its 250 not yet said: the
            # window between the server's acceptance and the client's log
            open(path("holding"), "w").close()
            while not os.path.exists(path("go")):
                await asyncio.sleep(0.05)
            os.unlink(path("holding"))
            os.unlink(path("go"))
        return "250 2.0.0 OK queued as T%04d" % n


def authenticator(server, session, envelope, mechanism, data):
    if not isinstance(data, LoginPassword):
        return AuthResult(success=False, handled=False)
    user, pw = auth.split(":", 1)
    ok = data.login.decode() == user and data.password.decode() == pw
    return AuthResult(success=ok, handled=False, auth_data=data if ok else None)


kw = {}
if tls:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(*tls)
    kw.update(tls_context=ctx, require_starttls=True)
if auth:
    kw.update(authenticator=authenticator, auth_required=True,
              auth_require_tls=bool(tls))
# a free port (aiosmtpd's controller cannot take 0)
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
c = Controller(Handler(), hostname="127.0.0.1", port=port, **kw)
c.start()
open(path("port.part"), "w").write("%d\n" % port)
os.rename(path("port.part"), path("port"))
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    c.stop()
