"""Synthetic DHR corpus: real .xlsx/.docx forms with no real person's data, and their ground truth.

* `dhr.synth.generator.generate_corpus`: writes the corpus and `<out>/_synth/truth.json`.
* `dhr.synth.model`: the model of one DHR (timeline, people, answers, action plan) and its
  distributions, with guidance citations.
* `dhr.synth.free_text`: composes the free text (recommendations, actions, progress, scoping answers)
  from the phrases of `dhr.synth.text_bank` (YAML files, one per family of text, and their loader).
"""
