-- wrk script: POST with the bearer token from the TOKEN environment variable.
-- Use: TOKEN=... wrk -t2 -c16 -d15s --latency -s post-with-bearer.lua http://localhost:8085/videos/{id}/playback-session
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
