# The single-user image for a Claim Lab hub: see instructors/hub.md (section 2).
# Build from the top of the kit, after building the wheel into dist/:
#   docker build -f instructors/hub.Dockerfile -t claimlab-singleuser:0.1.0 .
FROM python:3.11-slim
# nbgitpuller runs git in each learner's server
RUN apt-get update && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
# the exact versions the kit is tested with (jupyterlab, jupyterhub, nbgitpuller and the rest)
COPY requirements/lock.txt /tmp/claimlab/lock.txt
RUN pip install --no-cache-dir --no-deps -r /tmp/claimlab/lock.txt
# the kit, with its data inside the package
COPY dist/claimlab-0.1.0-py3-none-any.whl /tmp/claimlab/
RUN pip install --no-cache-dir --no-deps /tmp/claimlab/claimlab-0.1.0-py3-none-any.whl \
    && pip check \
    && jupyter labextension disable --level=sys_prefix @jupyter/nbgrader \
    && for ext in formgrader assignment_list course_list validate_assignment; do \
         jupyter server extension disable --sys-prefix nbgrader.server_extensions.$ext; done
RUN useradd --create-home --uid 1000 jovyan
USER jovyan
WORKDIR /home/jovyan
CMD ["jupyterhub-singleuser"]
