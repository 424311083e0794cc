"""newsbrief: typed, grounded briefs of news articles.

from newsbrief import brief
b = brief("articles/story.txt")      # or brief(article_text)
print(b.actors[0].name, b.actions[0].evidence[0].quote)
"""

from newsbrief.batch import abrief, brief_many
from newsbrief.errors import NewsbriefError
from newsbrief.pipeline import brief
from newsbrief.schema import SCHEMA_VERSION, Brief, Draft

__all__ = ["Brief", "Draft", "NewsbriefError", "SCHEMA_VERSION", "abrief", "brief", "brief_many"]
__version__ = "0.1.0"
