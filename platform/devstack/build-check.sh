# Sourced by ./devstack and ./bench (from the repository's root): when to run Maven before starting.
#
# up_to_date STAMP FILE...  true when every FILE exists and no source, POM or Maven wrapper file is newer than the
#   oldest FILE or than STAMP, the calling script's last build, whichever is later. Maven leaves a module's jar as it
#   was when nothing of that module changed, so after a change to one service the other jars stay older than that
#   change: without the stamp every later start would build again.
up_to_date() {
  local stamp=$1 oldest="" file
  shift
  for file in "$@"; do
    [[ -f $file ]] || return 1
    if [[ -z $oldest || $file -ot $oldest ]]; then oldest=$file; fi
  done
  if [[ -f $stamp && $oldest -ot $stamp ]]; then oldest=$stamp; fi
  [[ -z $(find . \( -name target -o -name .git -o -name .devstack -o -name .bench -o -name node_modules \) -prune \
    -o \( -name pom.xml -o -path '*/src/*' -o -name 'mvnw*' -o -path './.mvn/*' \) -type f \
    -newer "$oldest" -print -quit) ]]
}

# stamped_build STAMP COMMAND...  runs the build and, when it succeeds, stamps it. The stamp's time is the build's
#   start, so a source changed while Maven runs is newer than it and counts next time.
stamped_build() {
  local stamp=$1
  shift
  mkdir -p "$(dirname "$stamp")"
  touch "$stamp.next"
  "$@"
  mv "$stamp.next" "$stamp"
}
