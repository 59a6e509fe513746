# Reads the sample topology (deploy/topology.conf) for deploy/native/topology.sh and deploy/generate-compose.sh, so
# the two cannot read it differently. Sourced; the sourcing script defines die <message>.
#
# read_topology <file> fills:
#   OFFICES          the office names, in file order
#   ROLE[office]     head | branch
#   ENGINE[office]   postgres | mysql
#   DATABASE[office] the office's database
#   APPLIERS         the target offices of the appliers, in file order
#   STREAMS[target]  the streams that applier consumes, comma-separated
# shellcheck shell=bash

declare -a OFFICES=() APPLIERS=()
declare -A ROLE=() ENGINE=() DATABASE=() STREAMS=()

read_topology() {
  local config=$1 kind a b c d n=0
  [ -r "$config" ] || die "the topology $config is missing"
  while read -r kind a b c d; do
    n=$((n + 1))
    case $kind in
      ''|'#'*) continue ;;
      office)
        [[ $a =~ ^[a-z0-9-]+$ && $b =~ ^(head|branch)$ && $c =~ ^(postgres|mysql)$ && $d =~ ^[a-z0-9_]+$ ]] ||
          die "$config line $n: expected 'office <name> <head|branch> <postgres|mysql> <database>'"
        [ -z "${ENGINE[$a]:-}" ] || die "$config line $n: office '$a' is listed twice"
        [ "$c" != mysql ] || [ "$d" = retail ] || die "$config line $n: a MySQL office's database must be 'retail' (the sample schema)"
        OFFICES+=("$a"); ROLE[$a]=$b; ENGINE[$a]=$c; DATABASE[$a]=$d ;;
      apply)
        [[ -n $a && $b =~ ^cdc\.[a-z0-9-]+(,cdc\.[a-z0-9-]+)*$ && -z $c ]] ||
          die "$config line $n: expected 'apply <target office> <stream>[,<stream>...]'"
        [ -z "${STREAMS[$a]:-}" ] || die "$config line $n: a second applier into '$a': list all its streams on one line"
        APPLIERS+=("$a"); STREAMS[$a]=$b ;;
      *) die "$config line $n: unknown entry '$kind' (office, apply)" ;;
    esac
  done <"$config"
  local target
  for target in "${APPLIERS[@]}"; do
    [ -n "${ENGINE[$target]:-}" ] || die "$config: the applier into '$target' names no office of that name"
  done
}
