"""components stage of dossier."""
