ARG BASE_IMAGE
FROM ${BASE_IMAGE}
WORKDIR /worker
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY worker.py .
USER 1000
CMD ["python", "worker.py"]
