#!/usr/bin/env bash
# A real one-node Slurm cluster on 127.0.0.1 for testing the scripts in scripts/slurm/.
#
# Usage: scripts/integration/slurm-cluster.sh start|stop|status|env
#   start   install slurm-wlm and munge if missing (apt-get), write the configuration, start munged,
#           slurmctld and slurmd as root, wait until the node is idle. Does nothing if already up.
#   stop    stop the three daemons (state and logs stay in the folder).
#   status  daemons, node and queue.
#   env     print `export SLURM_CONF=...`: eval "$(scripts/integration/slurm-cluster.sh env)"
#
# Environment:
#   DATAMAN_SLURM_DIR     everything of this cluster: config, munge key and socket, state, logs
#                         (default /tmp/dataman-slurm)
#   DATAMAN_SLURM_CPUS    CPUs the node offers (default 2)
#   DATAMAN_SLURM_PORT    slurmctld's port; slurmd uses the next one (default 6817)
#
# Settings that work in a container without systemd or a writable cgroup tree (checked under gVisor):
# proctrack/linuxproc (processes found through /proc parentage, no cgroup), task/none (no affinity or
# cgroup confinement), jobacct_gather/none and accounting_storage/none (no slurmdbd), a private munged
# with its own key and socket (AuthInfo=socket=...), SlurmUser=root. The daemons are started
# directly, never through systemctl.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

DIR=${DATAMAN_SLURM_DIR:-/tmp/dataman-slurm}
CPUS=${DATAMAN_SLURM_CPUS:-2}
PORT=${DATAMAN_SLURM_PORT:-6817}
CONF=$DIR/slurm.conf
MUNGE_SOCKET=$DIR/run/munge.socket.2
NODE=$(hostname -s)
export SLURM_CONF=$CONF

log() { printf '[slurm-cluster] %s\n' "$*" >&2; }

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
    local missing=()
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
        || missing+=(slurm-wlm)
    command -v munged >/dev/null || missing+=(munge)
    ((${#missing[@]} == 0)) && return
    log "installing ${missing[*]} (apt-get)"
    # No init system here: keep the packages' postinst from trying to start the system daemons.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
             apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
}

# MiB the node may promise: what the machine has, less a margin, so slurmd never finds less than
# configured (that would drain the node as INVAL).
real_memory_mib() {
    local kib
    kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
    echo $((kib * 9 / 10 / 1024))
}

write_config() {
    mkdir -p "$DIR"/{munge,run,ctld,spool,log}
    # munged wants its key private and its socket's folder open to every user (clients connect as any).
    chmod 700 "$DIR/munge"
    chmod 755 "$DIR/run"
    if [[ ! -s $DIR/munge/munge.key ]]; then
        mungekey --create --keyfile="$DIR/munge/munge.key" 2>/dev/null \
            || dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    fi
    chmod 400 "$DIR/munge/munge.key"
    cat >"$CONF" <<EOF
# Written by scripts/integration/slurm-cluster.sh: one node on 127.0.0.1, no cgroups, no accounting.
ClusterName=dataman
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
MinJobAge=300
KillWait=10
MaxArraySize=10001
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$(real_memory_mib) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

node_state() { sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null | head -n1; }

start() {
    install_packages
    if pid_alive "$DIR/munged.pid" && pid_alive "$DIR/slurmctld.pid" && pid_alive "$DIR/slurmd.pid"; then
        log "already running ($(node_state))"
        return
    fi
    stop_daemons quiet
    write_config
    local t0=$SECONDS
    munged --key-file="$DIR/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$DIR/munged.pid" \
        --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munged.seed"
    slurmctld -f "$CONF"
    slurmd -f "$CONF" -N "$NODE"
    local state=''
    for _ in $(seq 1 120); do
        state=$(node_state)
        case $state in
            idle | mixed | allocated | completing) break ;;
            drain* | down*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
        esac
        sleep 0.5
    done
    case $state in
        idle | mixed | allocated | completing)
            log "up in $((SECONDS - t0)) s: node $NODE $state, $CPUS CPUs; export SLURM_CONF=$CONF" ;;
        *)
            log "node $NODE did not become idle (state '${state:-unknown}'); logs in $DIR/log:"
            tail -n 20 "$DIR"/log/*.log >&2 || true
            exit 1 ;;
    esac
}

# Stops what this cluster started, by the pids it recorded; waits for each to go.
stop_daemons() {
    local name pidfile pid
    for name in slurmd slurmctld munged; do
        pidfile=$DIR/$name.pid
        pid_alive "$pidfile" || continue
        pid=$(cat "$pidfile")
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        [[ ${1:-} == quiet ]] || log "stopped $name ($pid)"
    done
    rm -f "$DIR"/{slurmd,slurmctld,munged}.pid
}

status() {
    local name any=0
    for name in munged slurmctld slurmd; do
        if pid_alive "$DIR/$name.pid"; then
            echo "$name: running (pid $(cat "$DIR/$name.pid"))"
        else
            echo "$name: stopped"; any=1
        fi
    done
    ((any == 0)) || return 3
    sinfo -N -o '%N %T %c %m'
    squeue
}

case ${1:-} in
    start) start ;;
    stop) stop_daemons ;;
    status) status ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
esac
