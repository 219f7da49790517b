#!/usr/bin/env bash
# A one-node Slurm cluster for tests, run as root without systemd.
#
#   scripts/slurm-test-cluster.sh start DIR   installs slurm-wlm + munge when missing, starts munged, slurmctld and
#                                             slurmd with every state/spool/pid/log path inside DIR, waits for the
#                                             node to be idle, and writes DIR/env (source it: it exports SLURM_CONF)
#   scripts/slurm-test-cluster.sh stop DIR    kills every daemon `start` started, by the pids recorded in DIR
#
# Accounting: AccountingStorageType=accounting_storage/none (no slurmdbd), so `sacct` has nothing to report;
# f2lm reads task outcomes from squeue plus the start/exit files its sbatch scripts write.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
chmod 755 "$dir"   # munged (user munge) keeps its socket and log under DIR
pids="$dir/daemons.pids"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

stop() {
  [[ -f "$pids" ]] || return 0
  while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      echo "stopped $name (pid $pid)"
    fi
  done < <(tac "$pids")
  rm -f "$pids"
}

if [[ "$command" == stop ]]; then
  stop
  exit 0
fi
[[ "$command" == start ]] || { echo "unknown command '$command' (start|stop)" >&2; exit 2; }

missing=""
for package in slurm-wlm munge; do dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"; done
if [[ -n "$missing" ]]; then
  echo "installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

: > "$pids"
record() { echo "$1 $2" >> "$pids"; }

# munge: a key, then the daemon as user munge (its own pid file inside DIR).
if [[ ! -s /etc/munge/munge.key ]]; then
  $SUDO mkdir -p /etc/munge
  if command -v mungekey >/dev/null; then
    $SUDO mungekey --create --keyfile=/etc/munge/munge.key
  else
    $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
fi
$SUDO chown munge:munge /etc/munge/munge.key
$SUDO chmod 400 /etc/munge/munge.key
mkdir -p "$dir/munge"
chown munge:munge "$dir/munge"
chmod 700 "$dir/munge"
socket="$dir/munge/munge.socket"
$SUDO runuser -u munge -- /usr/sbin/munged --socket="$socket" --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" --force
for _ in $(seq 50); do [[ -s "$dir/munge/munged.pid" ]] && break; sleep 0.1; done
record munged "$(cat "$dir/munge/munged.pid")"

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(free -m | awk '/^Mem:/ {print $2}') - 512 ))
(( memory > 256 )) || memory=256
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
cat > "$dir/slurm.conf" <<EOF
ClusterName=f2lmtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
MaxArraySize=1001
MinJobAge=300
SchedulerParameters=defer_batch=0
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"
echo "export SLURM_CONF=$dir/slurm.conf" > "$dir/env"

/usr/sbin/slurmctld -D -i > "$dir/log/slurmctld.out" 2>&1 &
record slurmctld $!
/usr/sbin/slurmd -D > "$dir/log/slurmd.out" 2>&1 &
record slurmd $!

for _ in $(seq 120); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
  if [[ "$state" == idle ]]; then
    echo "slurm is up: $(sinfo -h -o '%P %a %D %T %N')"
    exit 0
  fi
  sleep 0.5
done
echo "slurm did not become idle (node state: '${state:-none}'); logs in $dir/log" >&2
tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
stop
exit 1
