#!/bin/sh
# Run once by the postgres image on an empty data volume: the image creates
# Airflow's database (POSTGRES_DB); this adds leaderwatch's own store.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "CREATE DATABASE \"${LEADERWATCH_DB}\""
