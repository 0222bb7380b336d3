# CPU image serving the govreport HTTP API on port 8000.
#   docker build -t govreport . && docker run --rm -p 8000:8000 govreport
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    GOVREPORT_MODELS_ROOT=/app/models \
    GOVREPORT_MODEL_DIR=/app/models/default \
    GOVREPORT_ANNOTATIONS_DIR=/app/data/annotations \
    GOVREPORT_PORT=8000

RUN groupadd --gid 10001 govreport \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin govreport

WORKDIR /app

# training/ and torch are left out: the image serves model.onnx on ONNX Runtime, activates versions that
# have one (one without it answers 422 model_invalid), and POST /v1/models/train answers 501
# training_unavailable.
COPY pyproject.toml README.md ./
COPY service/ ./service/
COPY govreport/ ./govreport/
RUN pip install --no-cache-dir .

# The installed package lives in site-packages, so the model directory is set by
# GOVREPORT_MODEL_DIR / GOVREPORT_MODELS_ROOT above rather than found beside the source.
# Version "default" is GOVREPORT_MODEL_DIR; versions/<version>/ and the ACTIVE pointer go beside it.
# Writable by the service user: model versions, the ACTIVE pointer, its lock and annotations go there.
COPY --chown=10001:10001 models/ ./models/
RUN install -d -o 10001 -g 10001 /app/data/annotations

USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('GOVREPORT_PORT', '8000'), timeout=4)"]

CMD ["govreport", "serve", "--host", "0.0.0.0"]
