"""Self-contained HTML dashboards: the cluster's and one per company (data, confidentiality, charts)."""
