"""What policy owners use: versions and what changed, publishing and removing policies, policy health."""
