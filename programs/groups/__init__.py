"""Cluster 2 and 3 groups (KUBE, KSM).

A group's loan is repaid in instalments after a grace period (seed 004: 10 monthly
instalments after 2 months). Arrears and follow-up evidence are computed in SQL for the list,
so a group whose goats "died one by one" (seed 003) shows up without anyone reading notes.
"""
