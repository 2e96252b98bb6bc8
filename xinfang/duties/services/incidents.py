"""Writes of 细则第七条第三项、第八条第三、四项: incidents and their reports, staff reports."""
