#!/usr/bin/env python3
"""Writes the peer's kind of configs with PyYAML's own yaml.dump (issue 14, defect 11), in its three flow styles.

Run from this folder: python3 make.py (PyYAML 6.0.3 wrote the committed files). The tests edit paths through the
empty dicts ({}) and the short flow mappings these contain, and check the result with PyYAML again when it is there.
"""
import yaml

configs = {
    "agent": {
        "tasks": {"timeouts": {}, "concurrency": 4},
        "tools": {"search": {"timeout": 10, "retries": [1, 2, 4], "cache": {}}, "fetch": {}},
        "models": {"routing": {}, "fallback": "gpt-4o-mini"},
        "error_handling": {"retry": {}},
    },
    "nested": {
        "tasks": {"timeouts": {"summarize": 45.0}},
        "models": {"routing": {"summarize": "gpt-4o"}},
        "tools": {"fetch": {"retries": [1, 2]}},
        "error_handling": {"retry": {"TimeoutError": {"max_attempts": 3}}},
    },
}

styles = {"block": False, "leaves": None, "flow": True}

for name, config in configs.items():
    for style, flow in styles.items():
        with open(f"{name}.{style}.yaml", "w", encoding="utf-8") as out:
            yaml.dump(config, out, default_flow_style=flow)
