"""briefing.render.stage"""
