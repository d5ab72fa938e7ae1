"""briefing.merge.chain"""
