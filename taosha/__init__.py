"""taosha (淘沙): keep the article text of Chinese web scrapes, line by line, and throw away the junk."""

__version__ = "0.1.0"
