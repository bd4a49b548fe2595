#!/usr/bin/env bash
# Builds the Dataflow Flex Template of `beamdiff preprocess`: packages the pipeline, builds the
# launcher image in Artifact Registry and writes the template spec to Cloud Storage.
#
#   PROJECT=my-project REGION=europe-west4 BUCKET=my-bucket templates/preprocess/build.sh
#
# Optional: REPOSITORY (Artifact Registry Docker repository, default "beamdiff"), TAG (image tag,
# default: the git commit). Prints the template's gs:// path; launch it with launch.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${PROJECT:?set PROJECT to the Google Cloud project}"
: "${REGION:?set REGION, e.g. europe-west4}"
: "${BUCKET:?set BUCKET to a Cloud Storage bucket for the template spec}"
REPOSITORY="${REPOSITORY:-beamdiff}"
TAG="${TAG:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo latest)}"
MAIN_CLASS="dev.beamdiff.pipelines.preprocess.PreprocessPipeline"
TEMPLATE="gs://$BUCKET/templates/beamdiff-preprocess.json"
IMAGE="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/beamdiff-preprocess:$TAG"

"$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl pipelines -am -DskipTests package

# The pipeline jar and its runtime dependencies, without libtorch (preprocessing never loads
# DJL's engine; its native jars would add about 450 MB to the image and to every job's staging).
jars="$(ls "$ROOT"/pipelines/target/beamdiff-pipelines-*.jar)"
while IFS= read -r jar; do
  case "$(basename "$jar")" in
    pytorch-native-*|pytorch-jni-*) ;;
    *) jars="$jars,$jar" ;;
  esac
done < <(tr ':' '\n' < "$ROOT/pipelines/target/launcher.classpath")

gcloud dataflow flex-template build "$TEMPLATE" \
  --project "$PROJECT" \
  --image-gcr-path "$IMAGE" \
  --sdk-language JAVA \
  --flex-template-base-image JAVA17 \
  --metadata-file "$ROOT/templates/preprocess/metadata.json" \
  --jar "$jars" \
  --env "FLEX_TEMPLATE_JAVA_MAIN_CLASS=$MAIN_CLASS"

echo "template: $TEMPLATE"
echo "image:    $IMAGE"
