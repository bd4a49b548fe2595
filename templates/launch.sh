#!/usr/bin/env bash
# Launches a Dataflow job from a template build.sh wrote. Pipeline options are passed as
# --name=value, as on the command line (see PIPELINE/metadata.json for the list):
#
#   PROJECT=my-project REGION=europe-west4 BUCKET=my-bucket templates/launch.sh preprocess \
#     --input=gs://my-bucket/fashion-mnist/*-images-idx3-ubyte.gz \
#     --output=gs://my-bucket/preprocessed/fashion-mnist-32 --size=32 --channels=1 --fit=pad
#
# Optional: GCLOUD_FLAGS, extra flags for `gcloud dataflow flex-template run`
# (e.g. "--service-account-email=beamdiff@my-project.iam.gserviceaccount.com --max-workers=10").
set -euo pipefail

PIPELINE="${1:?usage: templates/launch.sh preprocess|generate|evaluate --name=value ...}"
shift
: "${PROJECT:?set PROJECT to the Google Cloud project}"
: "${REGION:?set REGION, e.g. europe-west4}"
: "${BUCKET:?set BUCKET to the bucket build.sh used}"
TEMPLATE="gs://$BUCKET/templates/beamdiff-$PIPELINE.json"

parameters=()
for arg in "$@"; do
  case "$arg" in
    --*=*) parameters+=("${arg#--}") ;;
    *) echo "launch.sh: expected --name=value, got '$arg'" >&2; exit 2 ;;
  esac
done
# '^;^' makes ';' gcloud's separator, so values may hold commas (several --input patterns).
joined="$(IFS=';'; echo "${parameters[*]}")"

# shellcheck disable=SC2086
gcloud dataflow flex-template run "beamdiff-$PIPELINE-$(date -u +%Y%m%d-%H%M%S)" \
  --project "$PROJECT" \
  --region "$REGION" \
  --template-file-gcs-location "$TEMPLATE" \
  --temp-location "gs://$BUCKET/tmp" \
  --parameters "^;^$joined" \
  ${GCLOUD_FLAGS:-}
