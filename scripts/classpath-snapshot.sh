# shellcheck shell=bash
# Sourced by bench.sh and fault-harness.sh. They run from a private copy of their classes and jars, so that a build
# started meanwhile (mvn install, mvn clean) cannot swap classes under a running JVM.

# snapshot_classpath CLASSES_DIR CLASSPATH_FILE SNAPSHOT_DIR
# Copies CLASSES_DIR and every entry of CLASSPATH_FILE (as written by `mvn dependency:build-classpath`) into
# SNAPSHOT_DIR and prints the classpath of the copies.
snapshot_classpath() {
  local classes_dir="$1" classpath_file="$2" snapshot="$3"
  local classpath jar copy i=0
  local -a jars
  cp -r "$classes_dir" "$snapshot/classes"
  mkdir "$snapshot/lib"
  classpath="$snapshot/classes"
  IFS=':' read -r -a jars < "$classpath_file" || true  # no newline at the end
  for jar in "${jars[@]}"; do
    i=$((i + 1))
    copy="$snapshot/lib/$i-$(basename "$jar")"
    cp -r "$jar" "$copy"
    classpath="$classpath:$copy"
  done
  printf '%s' "$classpath"
}
