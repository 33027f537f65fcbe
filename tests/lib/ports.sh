# ports.sh: free_port prints a TCP port on 127.0.0.1 that nothing listens on.
# Ports come from 20000-32767, below Linux's ephemeral range (32768-60999),
# so a port handed out cannot be taken meanwhile by some outgoing
# connection; ports already handed out by this shell are not repeated.
QUARRY_PORTS_TAKEN=${QUARRY_PORTS_TAKEN:-" 5433 7077 4040 "}
free_port() {
	local p
	for _ in $(seq 1 500); do
		p=$((20000 + RANDOM % 12768))
		case $QUARRY_PORTS_TAKEN in *" $p "*) continue ;; esac
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			QUARRY_PORTS_TAKEN="$QUARRY_PORTS_TAKEN$p "
			echo "$p"
			return 0
		fi
	done
	return 1
}
