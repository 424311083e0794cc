"""Spot sentences in an article that read as instructions to a model (prompt injection).

Articles are untrusted data. Such sentences stay in the article and may still be reported
on (an article can be about prompt injection), but the brief warns about them and marks
items whose only evidence they are, so no reader takes an injected "fact" at face value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FLAG = "instruction-like"

_PATTERNS = [
    # "ignore all previous instructions", "disregard the above rules", "forget your prompt"
    r"\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|the\s+|everything\s+)?(of\s+)?(your\s+|the\s+|these\s+|my\s+)?"
    r"(previous|prior|above|preceding|earlier|original|initial|system|safety|former)?\s*"
    r"(instructions?|prompts?|directions|system message|guidelines|programming|you were told)\b",
    r"\b(new|updated|revised|real|hidden|secret)\s+(system\s+)?(instructions?|directives?|prompt)\b",
    r"\bsystem\s*(prompt|message|note|notice|instruction|override|update)\b",
    r"^\s*[\[<(]?\s*(system|assistant|developer|admin|user)\s*[\]>)]?\s*:",
    r"<\|?\s*(im_start|im_end|system|endoftext|start_of_turn|end_of_turn)\s*\|?>",
    r"#{2,}\s*(system|instruction|new task)",
    r"\byou\s+are\s+(now\s+)?(an?|the|my)\s+(ai|assistant|language model|chatbot|llm|model|extractor|summari[sz]er)\b",
    r"\bas\s+an\s+ai(\s+language)?\s+model\b",
    r"\b(ai|llm|language model|assistant|model|summari[sz]er|extractor)s?\b[^.!?\n]{0,30}\b(reading|processing|analy[sz]ing|summari[sz]ing)\s+this\b",
    r"\b(respond|reply|answer|output|return|print|write|report)\s+(only\s+)?(with|in|the following|that)\b[^.!?\n]{0,30}\b(json|brief|summary|actors?|output)\b",
    r"\bdo\s+not\s+(summari[sz]e|extract|mention|report|include|list)\b",
    r"\b(instead|rather)\s*,?\s+(say|write|report|state|output|claim)\s+that\b",
    r"\b(developer|god|dan|jailbreak)\s+mode\b",
    r"\bprompt\s+injection\b",
    r"\bend\s+of\s+(the\s+)?(article|document|text|input)\b.{0,40}\b(begin|start|now)\b",
    r"^\W*end\s+of\s+(the\s+)?(article|document|text|input|data)\W*$",
    r"\b(begin|start|perform|do)\s+(the\s+|your\s+)?(real|actual|new|next|true)\s+task\b",
    r"^\s*[{\[]\s*\"(summary|actors|actions|disputed_claims|role|content|instructions?)\"\s*:",
]
_RX = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE | re.MULTILINE)


def is_instruction_like(sentence: str) -> bool:
    """Whether a sentence addresses a model rather than reporting news."""
    return _RX.search(sentence) is not None


def flagged(sentences: Iterable[tuple[int, str]]) -> list[int]:
    """Numbers of the sentences that read as instructions to a model."""
    return [i for i, text in sentences if is_instruction_like(text)]
