-- The DASH manifest of a CMAF ladder, beside the HLS master playlist (issue 23). Versioned 1.1 so that it sorts
-- before any V2 another change adds at the same time.
ALTER TABLE videos ADD COLUMN completion_dash_manifest_path text;
