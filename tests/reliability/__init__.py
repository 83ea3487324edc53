"""Reliability under load and faults: the served cabinet, crashes, restarts, SMTP outages, a model of the money."""
