//! STTR toepasbare regels: DMN reading, the FEEL subset STTR uses, the interactive questionnaire engine, explanations.
