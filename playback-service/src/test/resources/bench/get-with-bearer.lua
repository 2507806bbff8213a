-- wrk script: GET with the bearer token from the TOKEN environment variable (the trivial endpoint's baseline).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
