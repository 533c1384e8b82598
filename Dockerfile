FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ledger ledger
COPY domain domain
COPY projections projections
COPY api api
COPY verify verify
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["gongkai", "--data", "/data", "serve", "--host", "0.0.0.0", "--port", "8000"]
