# syntax=docker/dockerfile:1
# The Kansai project map as a container image (OCI; Docker or Podman).
#
#   docker build -t kasegi-map .                                   # boundaries from MLIT
#   docker build -t kasegi-map --build-arg N03_SOURCE=n03/ .       # from N03 files in ./n03/
#   docker run --read-only -p 8501:8501 kasegi-map   # two anonymous volumes: published, scratch
# With podman, build with `--format docker` (the OCI format has no HEALTHCHECK). More in
# docs/deploy.md.
#
# BASE: any Debian 12 image with python3 (the tests build their own with mmdebstrap).
ARG BASE=docker.io/library/python:3.11-slim-bookworm

FROM ${BASE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Noto Sans CJK for the printed map; python3-venv only where the base lacks ensurepip
# (Debian's python3; the official python image has it).
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends fonts-noto-cjk ca-certificates; \
    python3 -c "import ensurepip" 2>/dev/null || apt-get install -y --no-install-recommends python3-venv; \
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt /opt/requirements.txt
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install -q -r /opt/requirements.txt
ENV PATH=/opt/venv/bin:$PATH

# The boundaries, built from N03 at image build time (never committed, never in the context
# unless you put them there): N03_SOURCE is a path inside the build context or URLs, as
# `python -m geo build --source` takes them; empty means MLIT's official downloads.
FROM runtime AS boundaries
ARG N03_SOURCE=
WORKDIR /src
COPY . .
RUN N03_SOURCE="$N03_SOURCE" python -m geo build --out /out

FROM runtime
WORKDIR /app
COPY .streamlit/ .streamlit/
COPY app.py serve.py requirements.txt ./
COPY components/ components/
COPY geo/ geo/
COPY data/ data/
COPY --from=boundaries /out/ data/
# The two directories the app writes: its published static copies (content-addressed, served
# by Streamlit to anyone), and its scratch files (the job workers' socket, matplotlib's font
# cache), which are never served. Everything else may be read-only.
ENV TMPDIR=/app/scratch \
    MPLCONFIGDIR=/app/scratch/matplotlib
RUN python -m compileall -q app.py serve.py components geo \
    && useradd --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app \
    && mkdir -p static/gen scratch && chown app static/gen scratch
VOLUME /app/static/gen /app/scratch
USER 10001
ENV STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501
EXPOSE 8501
# /ready (serve.py): the settings are right and the current list is loaded and published.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; r.urlopen(f\"http://127.0.0.1:{os.environ['STREAMLIT_SERVER_PORT']}/ready\", timeout=4)"]
CMD ["streamlit", "run", "serve.py"]
