"""The CI gate: the policy, checking new texts against the corpus, the baseline of accepted pairs,
git, and GitHub Actions output."""
