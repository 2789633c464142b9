#!/bin/sh
# Kept for the README's pointer: what one check_veeam_cdp run costs over HTTPS, with and without the
# launcher's class-data archive, against the reference script. bench/run.sh does the work.
exec "$(dirname "$0")/run.sh" --only https,https-nocds --runs "${RUNS:-15}" "$@"
