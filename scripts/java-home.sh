# Sourced by run.sh, test.sh and .ci/run: selects a JDK 25 (or newer) for Maven.
# Order: JAVA_HOME if it is already 25+, the `java` on PATH if it is, then the JDKs installed
# in Debian's standard JVM directory (RADIO4J_JVM_DIR, default /usr/lib/jvm). Also sourced by ./mvnw.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
  :
else
  JAVA_HOME=""
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null && JAVA_HOME=$candidate
  fi
  if [ -z "$JAVA_HOME" ]; then
    for candidate in "${RADIO4J_JVM_DIR:-/usr/lib/jvm}"/*; do
      if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then
        JAVA_HOME=$candidate; break
      fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "radio4j needs JDK 25 or newer: set JAVA_HOME to one." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
