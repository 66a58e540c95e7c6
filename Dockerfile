# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=tkpk.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . \
 && DJANGO_SETTINGS_MODULE=tkpk.settings.local python manage.py compilemessages -v0 \
 && DJANGO_SETTINGS_MODULE=tkpk.settings.local python manage.py collectstatic --no-input -v0 \
 && useradd --system --home /app tkpk && mkdir -p /data && chown tkpk /data
ENV TKPK_DATA_DIR=/data
USER tkpk
EXPOSE 8000
CMD ["gunicorn", "tkpk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
