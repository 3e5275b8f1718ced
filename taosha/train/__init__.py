"""Training: gather labeled pages, fit the classifying stages with weights and variants, choose presets, save."""
