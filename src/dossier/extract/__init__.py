"""extract stage of dossier."""
