#!/usr/bin/env bash
# One-time Google Cloud setup for running BeamDiff's pipelines on Dataflow.
#
#   infra/setup-gcp.sh --project P --region R [--bucket B] [--repo beamdiff] [--sa beamdiff-runner] [--dry-run]
#
# Creates (idempotently; existing resources are kept):
#   - a GCS bucket for datasets, checkpoints, staging and template specs (uniform access, in REGION);
#   - an Artifact Registry Docker repository for the Flex Template launcher images;
#   - a worker service account with the roles a Dataflow job needs and nothing more:
#       roles/dataflow.worker, roles/storage.objectAdmin (on the bucket only),
#       roles/artifactregistry.reader (on the repository only);
#   - enables the Dataflow, Compute, Storage, Artifact Registry and Cloud Build APIs.
# --dry-run prints the gcloud commands instead of running them.
set -euo pipefail

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

PROJECT="" REGION="" BUCKET="" REPO="beamdiff" SA="beamdiff-runner" DRY_RUN=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) PROJECT="$2"; shift 2 ;;
    --region) REGION="$2"; shift 2 ;;
    --bucket) BUCKET="$2"; shift 2 ;;
    --repo) REPO="$2"; shift 2 ;;
    --sa) SA="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$PROJECT" && -n "$REGION" ]] || { echo "--project and --region are required (see --help)" >&2; exit 2; }
BUCKET="${BUCKET:-$PROJECT-beamdiff}"
SA_EMAIL="$SA@$PROJECT.iam.gserviceaccount.com"

run() {
  if [[ $DRY_RUN -eq 1 ]]; then printf '%q ' "$@"; echo; else "$@"; fi
}
exists() { [[ $DRY_RUN -eq 0 ]] && "$@" >/dev/null 2>&1; }

run gcloud services enable dataflow.googleapis.com compute.googleapis.com storage.googleapis.com \
  artifactregistry.googleapis.com cloudbuild.googleapis.com --project "$PROJECT"

if ! exists gcloud storage buckets describe "gs://$BUCKET" --project "$PROJECT"; then
  run gcloud storage buckets create "gs://$BUCKET" --project "$PROJECT" --location "$REGION" \
    --uniform-bucket-level-access
fi

if ! exists gcloud artifacts repositories describe "$REPO" --location "$REGION" --project "$PROJECT"; then
  run gcloud artifacts repositories create "$REPO" --repository-format docker \
    --location "$REGION" --project "$PROJECT" --description "BeamDiff Flex Template images"
fi

if ! exists gcloud iam service-accounts describe "$SA_EMAIL" --project "$PROJECT"; then
  run gcloud iam service-accounts create "$SA" --project "$PROJECT" \
    --display-name "BeamDiff Dataflow workers"
fi

run gcloud projects add-iam-policy-binding "$PROJECT" --member "serviceAccount:$SA_EMAIL" \
  --role roles/dataflow.worker --condition None
run gcloud storage buckets add-iam-policy-binding "gs://$BUCKET" --member "serviceAccount:$SA_EMAIL" \
  --role roles/storage.objectAdmin
run gcloud artifacts repositories add-iam-policy-binding "$REPO" --location "$REGION" \
  --project "$PROJECT" --member "serviceAccount:$SA_EMAIL" --role roles/artifactregistry.reader

cat <<DONE
Done. Use these with the templates (templates/README.md) and with --runner DataflowRunner:
  --project=$PROJECT --region=$REGION --serviceAccount=$SA_EMAIL
  --tempLocation=gs://$BUCKET/tmp --stagingLocation=gs://$BUCKET/staging
  image repository: $REGION-docker.pkg.dev/$PROJECT/$REPO
DONE
