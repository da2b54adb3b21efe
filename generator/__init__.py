"""部门决算公开生成器: final-account disclosures of Chinese government departments."""

__version__ = "0.1.0"
