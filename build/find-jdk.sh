# Sourced by ./deploysim and .ci/run: sets JAVA_HOME to a JDK >= 21 and puts it first on PATH.
# Order: $JAVA_HOME if >= 21, else `java` on PATH if >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

deploysim_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

deploysim_find_jdk() {
  local seen="" major candidate
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(deploysim_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ -x "$JAVA_HOME/bin/javac" ]; then return 0; fi
    seen="JAVA_HOME=$JAVA_HOME (java ${major:-?})"
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    major=$(deploysim_java_major "$candidate")
    candidate=$(dirname "$(dirname "$candidate")")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ -x "$candidate/bin/javac" ]; then
      export JAVA_HOME="$candidate"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
    seen="${seen:+$seen, }java on PATH ($candidate, java ${major:-?})"
  fi
  local best="" best_major=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(deploysim_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
    seen="${seen:+$seen, }$candidate (java $major)"
  done
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
  fi
  echo "deploysim: no JDK >= 21 found; saw: ${seen:-nothing}. Install one or set JAVA_HOME to it." >&2
  return 1
}
