#!/usr/bin/python3
"""Reference check for the benchmark (not part of the product): the job check_veeam_cdp does, in
Python's standard library only, so that bench/run.sh can say what cdpwatch costs against a script.

It logs on to EM (or reuses a cached X-RestSvcSessionId), reads the CdpReplicaSession (30 days),
CdpPolicy and CdpReplicaTaskSession (look-back) queries as entities, page by page, streaming each
page through iterparse, keeps the newest task session per VM and the newest policy session per
policy, judges result and age (age limits from each policy's long-term restore point interval, as
cdpwatch's defaults: warning after 1.5, critical after 3 intervals, at least 2h / 4h; 2d critical
without an interval), and prints one Nagios line with perfdata (exit 0-3), or with --json one
document per VM and policy, as zbx_veeam_cdp collect does.

Left out against cdpwatch: the extra query for included VMs with no session in the look-back, -w/-c
ranges, selection options, certificate expiry warnings, --dump/--replay.
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import ssl
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

NS = "{http://www.veeam.com/ent/v1.0}"
STATES = ("OK", "WARNING", "CRITICAL", "UNKNOWN")


class CheckError(Exception):
    pass


def parse_time(text):
    # EM sends 0 to 7 fraction digits; fromisoformat on 3.11 accepts at most 6.
    if not text:
        return None
    text = text.strip().rstrip("Z")
    if "." in text:
        head, frac = text.split(".", 1)
        text = head + "." + frac[:6].ljust(6, "0")
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


class Em:
    def __init__(self, url, user, password_file, cache, fingerprint, insecure, timeout):
        parts = urllib.parse.urlsplit(url)
        self.base = parts.path.rstrip("/")
        self.user = user
        self.password_file = password_file
        self.cache = cache
        if parts.scheme == "https":
            context = ssl.create_default_context()
            if fingerprint or insecure:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            self.conn = http.client.HTTPSConnection(
                parts.hostname, parts.port or 9398, timeout=timeout, context=context
            )
            self.conn.connect()
            if fingerprint:
                der = self.conn.sock.getpeercert(binary_form=True)
                if hashlib.sha256(der).hexdigest() != fingerprint.replace(":", "").lower():
                    raise CheckError("EM certificate does not match --fingerprint")
        else:
            self.conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        self.token = None
        if cache and os.path.exists(cache):
            with open(cache) as f:
                self.token = f.read().strip() or None

    def logon(self):
        with open(self.password_file, encoding="utf-8") as f:
            password = f.readline().rstrip("\r\n")
        basic = base64.b64encode(f"{self.user}:{password}".encode()).decode()
        self.conn.request(
            "POST",
            self.base + "/sessionMngr/?v=latest",
            headers={"Authorization": "Basic " + basic, "Accept": "application/xml"},
        )
        response = self.conn.getresponse()
        response.read()
        if response.status != 201:
            raise CheckError(f"EM logon refused: HTTP {response.status}")
        self.token = response.getheader("X-RestSvcSessionId")
        if not self.token:
            raise CheckError("EM logon answered no session token")
        if self.cache:
            fd = os.open(self.cache + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(self.token)
            os.replace(self.cache + ".tmp", self.cache)

    def get(self, path):
        if not self.token:
            self.logon()
        for attempt in (1, 2):
            self.conn.request(
                "GET",
                self.base + path,
                headers={"X-RestSvcSessionId": self.token, "Accept": "application/xml"},
            )
            response = self.conn.getresponse()
            if response.status == 401 and attempt == 1:
                response.read()
                self.logon()
                continue
            if response.status != 200:
                response.read()
                raise CheckError(f"EM answered HTTP {response.status} to {path.split('&')[0]}")
            return response
        raise CheckError("EM refused the session token")

    def logoff(self):
        # The token is base64 of the SessionId (em-api.md section 12).
        session_id = base64.b64decode(self.token).decode()
        self.conn.request(
            "DELETE",
            self.base + "/logonSessions/" + session_id,
            headers={"X-RestSvcSessionId": self.token},
        )
        self.conn.getresponse().read()

    def query(self, kind, entity, fields, query_filter=None):
        """Yields one dict of the wanted child texts (and Links/attributes) per entity, all pages."""
        page = 1
        while True:
            params = {"type": kind, "format": "Entities"}
            if query_filter:
                params["filter"] = query_filter
            params.update({"pageSize": "1000", "page": str(page)})
            if query_filter:
                params["sortDesc"] = "CreationTimeUTC"
            response = self.get("/query?" + urllib.parse.urlencode(params))
            pages = 1
            for event, elem in ET.iterparse(response, events=("end",)):
                tag = elem.tag
                if tag == NS + entity:
                    item = {name: elem.findtext(NS + name) for name in fields}
                    item["Name"] = elem.get("Name")
                    item["VmDisplayName"] = elem.get("VmDisplayName")
                    item["UID"] = elem.get("UID")
                    for link in elem.iter(NS + "Link"):
                        if link.get("Rel") == "Up":
                            item[link.get("Type")] = link.get("Name")
                    yield item, elem
                    elem.clear()
                elif tag == NS + "PagingInfo":
                    pages = int(elem.get("PagesCount", "1"))
            if page >= pages:
                return
            page += 1


def age_limits(interval_hours):
    if not interval_hours:
        return None, 2 * 86400
    hours = interval_hours * 3600
    return max(1.5 * hours, 7200), max(3 * hours, 14400)


def check(args):
    now = datetime.now(timezone.utc)
    em = Em(args.url, args.username, args.password_file, args.cache_file, args.fingerprint,
            args.insecure, args.timeout)
    since30 = (now - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    since = (now - timedelta(seconds=args.lookback)).strftime("%Y-%m-%dT%H:%M:%SZ")

    policy_sessions = {}
    for item, _ in em.query("CdpReplicaSession", "CdpPolicySession",
                            ("PolicyUid", "PolicyName", "CreationTimeUTC", "State", "Result",
                             "FailureMessage"), f'CreationTimeUTC>="{since30}"'):
        created = parse_time(item["CreationTimeUTC"])
        key = item["PolicyUid"]
        if key not in policy_sessions or created > policy_sessions[key][0]:
            policy_sessions[key] = (created, item)

    policies = {}
    for item, elem in em.query("CdpPolicy", "CdpPolicy", ()):
        interval = elem.findtext(f".//{NS}LongTermRetentionHours")
        policies[item["UID"]] = {
            "name": item["Name"],
            "server": item.get("BackupServerReference"),
            "interval": float(interval) if interval else None,
            "vms": {o.findtext(NS + "Name") for o in elem.iter(NS + "ObjectInJob")
                    if ":Vm:" in (o.findtext(NS + "HierarchyObjRef") or "")},
        }

    newest = {}
    for item, _ in em.query("CdpReplicaTaskSession", "CdpReplicaTaskSession",
                            ("PolicySessionUid", "CreationTimeUTC", "State", "Result", "Reason",
                             "TotalSize"), f'CreationTimeUTC>="{since}"'):
        vm = item["VmDisplayName"]
        created = parse_time(item["CreationTimeUTC"])
        if vm not in newest or created > newest[vm][0]:
            newest[vm] = (created, item["Result"], item["Reason"], item["State"],
                          item.get("CdpReplicaSessionReference"), item["TotalSize"])
    # VMs a policy includes with no session in the look-back: CRITICAL, with their newest in 30 days.
    missing = sorted({vm for p in policies.values() for vm in p["vms"] if vm and vm not in newest})
    last_seen = {}
    if missing:
        names = ",".join('VmDisplayName=="%s"' % vm.replace('"', '""') for vm in missing)
        for item, _ in em.query("CdpReplicaTaskSession", "CdpReplicaTaskSession",
                                ("CreationTimeUTC",), f'CreationTimeUTC>="{since30}";({names})'):
            created = parse_time(item["CreationTimeUTC"])
            vm = item["VmDisplayName"]
            if vm not in last_seen or created > last_seen[vm]:
                last_seen[vm] = created
    if args.no_cache:
        em.logoff()

    if not policies and not newest:
        raise CheckError("no CDP policy or task session visible (does the account have an EM role?)")

    by_name = {p["name"]: p for p in policies.values()}
    vms = []
    for vm, (created, result, reason, state, parent, size) in sorted(newest.items()):
        policy_name = parent.split("@")[0] if parent else None
        policy = by_name.get(policy_name, {})
        warn, crit = age_limits(policy.get("interval"))
        age = int((now - created).total_seconds())
        code = {"Success": 0, "Warning": 1, "Failed": 2}.get(result, 3)
        if age > crit:
            code = max(code, 2)
        elif warn is not None and age > warn:
            code = max(code, 1)
        vms.append({"vm": vm, "policy": policy_name, "state": code, "result": result,
                    "reason": reason, "age": age, "warn": warn, "crit": crit, "size": size})
    for vm in missing:
        policy = next(p for p in policies.values() if vm in p["vms"])
        seen = last_seen.get(vm)
        vms.append({"vm": vm, "policy": policy["name"], "state": 2, "result": None,
                    "reason": "not replicated since " + (seen.isoformat() if seen else "30 days"),
                    "age": int((now - seen).total_seconds()) if seen else None,
                    "warn": None, "crit": age_limits(policy["interval"])[1], "size": None})
    judged = []
    for uid, policy in sorted(policies.items(), key=lambda p: p[1]["name"]):
        session = policy_sessions.get(uid)
        result = session[1]["Result"] if session else None
        code = {"Failed": 2, "Warning": 1}.get(result, 0)
        judged.append({"policy": policy["name"], "server": policy["server"], "state": code,
                       "result": result, "reason": session[1]["FailureMessage"] if session else None})

    worst = max([v["state"] for v in vms] + [p["state"] for p in judged] + [0])
    if args.json:
        print(json.dumps({"version": 1, "state": worst, "vms": vms, "policies": judged},
                         ensure_ascii=False, separators=(",", ":")))
        return 0
    counts = [sum(1 for v in vms if v["state"] == s) for s in range(4)]
    pcounts = [sum(1 for p in judged if p["state"] == s) for s in range(4)]
    bad = [v for v in vms if v["state"]] + [p for p in judged if p["state"]]
    summary = f"{counts[2]} of {len(vms)} VMs failed, {counts[1]} warning, {pcounts[2]} of {len(judged)} policies failed"
    if bad:
        first = bad[0]
        summary += f": {first.get('vm') or 'policy ' + first['policy']} ({first['result']}: {(first['reason'] or '')[:20]}...)"
        if len(bad) > 1:
            summary += f", +{len(bad) - 1} more"
    perf = [f"vms={len(vms)};;;0", f"vms_ok={counts[0]};;;0", f"vms_warning={counts[1]};;;0",
            f"vms_failed={counts[2]};;;0", f"vms_unknown={counts[3]};;;0",
            f"policies={len(judged)};;;0", f"policies_failed={pcounts[2]};;;0"]
    for v in vms:
        label = v["vm"].replace("'", "''").replace("|", "_")
        warn = int(v["warn"]) if v["warn"] is not None else ""
        if v["age"] is not None:
            perf.append(f"'{label} age'={v['age']}s;{warn};{int(v['crit'])};0")
        if v["size"]:
            perf.append(f"'{label} size'={v['size']}B;;;0")
    print(f"CDP {STATES[worst]} - {summary} | {' '.join(perf)}")
    for v in vms:
        if v["state"]:
            print(f"{STATES[v['state']]}: {v['vm']} (policy {v['policy']}): {v['result']}: "
                  f"{v['reason'] or ''}; newest session {v['age']}s old")
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("-u", "--username", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--session-cache", help="directory for the cached token")
    parser.add_argument("--no-session-cache", dest="no_cache", action="store_true")
    parser.add_argument("--fingerprint")
    parser.add_argument("-k", "--insecure", action="store_true")
    parser.add_argument("-t", "--timeout", type=float, default=30)
    parser.add_argument("--lookback", type=int, default=7 * 86400, help="seconds")
    parser.add_argument("--json", action="store_true", help="a collect document, not a Nagios line")
    args = parser.parse_args()
    args.cache_file = None
    if not args.no_cache:
        directory = args.session_cache or os.path.expanduser("~/.cache/cdpwatch-reference")
        os.makedirs(directory, mode=0o700, exist_ok=True)
        key = hashlib.sha256(f"{args.url}\n{args.username}".encode()).hexdigest()[:32]
        args.cache_file = os.path.join(directory, key + ".token")
    try:
        return check(args)
    except (CheckError, OSError, ET.ParseError, http.client.HTTPException, ValueError) as e:
        print(f"CDP UNKNOWN - {e}")
        return 3


if __name__ == "__main__":
    sys.exit(main())
