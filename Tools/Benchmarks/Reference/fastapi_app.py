"""The reference the issues name: a FastAPI app served by uvicorn, with the same two routes as minimal-function."""
from fastapi import FastAPI, Request, Response

app = FastAPI()


@app.get("/health/readiness")
async def readiness():
    return {"status": "ok"}


@app.post("/echo")
async def echo(request: Request):
    return Response(content=await request.body(), media_type="application/octet-stream")
