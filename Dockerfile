# The leaderwatch image: Airflow 3.3.2 with the leaderwatch package, its DAGs,
# its plugin and a default config folder. docker-compose.yml builds and runs it.
FROM apache/airflow:3.3.2

USER airflow
WORKDIR /opt/leaderwatch

# The package first (changes less often than the DAGs). requirements.lock is
# used as constraints, so the image runs the versions the tests ran.
COPY --chown=airflow:root pyproject.toml README.md requirements.lock ./
COPY --chown=airflow:root pipeline ./pipeline
RUN pip install --no-cache-dir --constraint requirements.lock "apache-airflow==3.3.2" . \
 && python -c "import pipeline.cli, pipeline.store"

COPY --chown=airflow:root config ./config
COPY --chown=airflow:root dags /opt/airflow/dags
COPY --chown=airflow:root plugins /opt/airflow/plugins

ENV LEADERWATCH_CONFIG=/opt/leaderwatch/config
WORKDIR /opt/airflow
