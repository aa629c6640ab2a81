"""The server's build queue loads the theme model once, not once per build (issue 17), and a model
trained since is loaded afresh."""

from __future__ import annotations

import os
import shutil

from dhr.themes.model import ARTIFACT_NAME, load_model


def test_the_same_model_file_is_loaded_once_and_a_new_one_again(_theme_model_dir, tmp_path):
    first = load_model(_theme_model_dir)
    assert load_model(_theme_model_dir) is first
    copy = tmp_path / "model"
    shutil.copytree(_theme_model_dir, copy)
    elsewhere = load_model(copy)
    assert elsewhere is not first  # another folder, another file
    artifact = copy / ARTIFACT_NAME
    replaced = artifact.with_name("replaced")
    shutil.copyfile(artifact, replaced)
    os.replace(replaced, artifact)  # as `dhr themes train` writes it: a new file under the same name
    assert load_model(copy) is not elsewhere


def test_the_model_api_imports_without_scikit_learn():
    """The pages and `dhr export` import dhr.themes.model and .explain; scikit-learn (0.8 s) comes in
    only when a model is built or unpickled (dhr.themes.ensemble holds the classes that need it)."""
    import subprocess
    import sys

    code = "import sys, dhr.themes.model, dhr.themes.explain; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
